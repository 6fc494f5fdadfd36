// Installs the service worker that shows an offline page when there is no connection (sw.js).
"use strict";
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
}
