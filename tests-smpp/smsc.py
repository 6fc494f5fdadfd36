"""An SMSC that is not ours: the PyPI package smpp34's SMPP 3.4 server, run on its own event loop
thread so synchronous tests can steer it (accept, throttle, push MO and receipts) and read what it got."""

import asyncio
import itertools
import threading
import time

import smpp34


class SMSC:
    def __init__(self, port):
        self.port = port
        self.submits = []  # every submit_sm accepted, in order
        self.refused = 0
        self.throttle_next = 0  # answer this many submit_sm with ESME_RTHROTTLED
        self.binds = 0
        self._ids = itertools.count(1)
        self._esmes = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._server = None
        self._task = None

    def _run(self, coroutine, timeout=30):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def start(self):
        self._run(self._start())

    def stop(self):
        self._run(self._stop())

    async def _start(self):
        self._server = smpp34.Server("127.0.0.1", self.port, system_id="smsc")
        await self._server.start()
        self._task = asyncio.ensure_future(self._serve())

    async def _stop(self):
        if self._task:
            self._task.cancel()
        for esme in self._esmes:
            try:
                await esme.unbind()
            except Exception:
                pass
        self._esmes = []
        if self._server:
            await self._server.stop()
        self._server = None

    async def _serve(self):
        while True:
            event = await self._server.next()
            if isinstance(event, smpp34.Esme):
                with self._lock:
                    self.binds += 1
                    self._esmes.append(event)
            elif isinstance(event, smpp34.SubmitSmEvent):
                with self._lock:
                    if self.throttle_next > 0:
                        self.throttle_next -= 1
                        self.refused += 1
                        event.reject(smpp34.ESME_RTHROTTLED)
                        continue
                    message_id = f"smsc-{next(self._ids)}"
                    self.submits.append(
                        {
                            "id": message_id,
                            "to": event.destination_addr,
                            "source": event.source_addr,
                            "data_coding": event.data_coding,
                            "esm_class": event.esm_class,
                            "payload": bytes(event.short_message),
                            "tlvs": {t.tag: bytes(t.value) for t in event.tlvs},
                        }
                    )
                event.accept(message_id)
            elif isinstance(event, smpp34.Unbound):
                pass

    def deliver(self, source, destination, payload, esm_class=0, data_coding=0, tlvs=()):
        """Pushes a deliver_sm (MO, USSD or receipt) to the bound ESME; returns its command_status."""

        async def push():
            for esme in reversed(self._esmes):
                if esme.can_receive:
                    response = await esme.deliver_sm(
                        destination, payload, source_addr=source, source_addr_ton=1, source_addr_npi=1,
                        esm_class=esm_class, data_coding=data_coding, tlvs=list(tlvs))
                    return response.command_status
            raise AssertionError("no bound ESME to deliver to")

        return self._run(push())

    def snapshot(self):
        with self._lock:
            return list(self.submits)

    def wait_for(self, predicate, timeout=30, what="the SMSC"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate(self.snapshot())
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; got {len(self.snapshot())} submits")

    def wait_bound(self, count=1, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.binds >= count and self._esmes:
                    return
            time.sleep(0.05)
        raise AssertionError("Kabinet did not bind")


def text_of(submit):
    """The text of one part: UCS-2 or the GSM default alphabet (ASCII subset), header stripped."""
    payload = submit["payload"]
    if submit["esm_class"] & 0x40:
        payload = payload[payload[0] + 1:]
    if submit["data_coding"] == 8:
        return payload.decode("utf-16-be")
    return payload.decode("latin-1")


def joined_messages(submits):
    """Whole messages as a handset shows them: concatenated parts joined by their reference."""
    messages, pending = [], {}
    for submit in submits:
        payload = submit["payload"]
        if submit["esm_class"] & 0x40 and payload[:3] == b"\x05\x00\x03":
            reference, total, number = payload[3], payload[4], payload[5]
            key = (submit["to"], reference, total)
            pending.setdefault(key, {})[number] = text_of(submit)
            if len(pending[key]) == total:
                parts = pending.pop(key)
                messages.append((submit["to"], "".join(parts[i] for i in range(1, total + 1))))
        else:
            messages.append((submit["to"], text_of(submit)))
    return messages
