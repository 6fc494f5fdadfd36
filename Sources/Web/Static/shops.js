// "Find the nearest": asks the browser where it is and opens /shops?lat=…&lon=…. Without location
// (refused, unavailable, no script) the city list on the same page still works.
"use strict";
const finder = document.getElementById("find-near");
if (finder && "geolocation" in navigator) {
  finder.hidden = false;
  finder.addEventListener("click", () => {
    const note = document.getElementById("find-note");
    note.textContent = finder.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      (where) => {
        const lat = where.coords.latitude.toFixed(6);
        const lon = where.coords.longitude.toFixed(6);
        window.location.assign("/shops?lat=" + lat + "&lon=" + lon);
      },
      () => { note.textContent = finder.dataset.failed; },
      { timeout: 10000, maximumAge: 60000 });
  });
}
