#!/usr/bin/env python3
"""The SMSC side of `kabinet bench sms`, on the PyPI package smpp34 (not ours).

  smsc_bench.py serve           runs an SMSC on a free loopback port that accepts every submit_sm,
                                prints the port, and counts submissions until stdin closes.
  smsc_bench.py client PORT N W submits N messages with a window of W through smpp34's own client
                                (the reference) and prints messages per second.
"""

import asyncio
import socket
import sys
import time

import smpp34


async def serve():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = smpp34.Server("127.0.0.1", port, system_id="bench")
    await server.start()
    print(port, flush=True)
    count = 0

    async def accept():
        nonlocal count
        while True:
            event = await server.next()
            if isinstance(event, smpp34.SubmitSmEvent):
                count += 1
                event.accept(f"m{count}")

    task = asyncio.ensure_future(accept())
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    task.cancel()
    await server.stop()


async def client(port, messages, window):
    smsc = await smpp34.Client("127.0.0.1", port, "ref", "ref", bind_type="TRX", window_size=window).connect()
    text = "Пароль для входа в личный кабинет: 123456".encode("utf-16-be")
    gate = asyncio.Semaphore(window)

    async def one(index):
        async with gate:
            response = await smsc.submit_sm(f"7916{index:07d}", text, source_addr="000110", data_coding=8)
            assert response.is_success

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(messages)))
    elapsed = time.perf_counter() - started
    await smsc.unbind()
    print(f"{messages / elapsed:.1f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        asyncio.run(serve())
    else:
        asyncio.run(client(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
