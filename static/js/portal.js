// The portal's own small script (CSP: no inline script anywhere).
// Everything works without it; it only adds conveniences.
document.addEventListener("click", function (event) {
  var printer = event.target.closest("[data-print]");
  if (printer) {
    event.preventDefault();
    window.print();
  }
});
