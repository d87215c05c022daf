// Keying in paper answers (templates/collect/_paper_fields.html): inside a radio or checkbox group,
// the digit keys 1–9 tick that choice and the focus stays there; Tab goes on to the next question.
// Everything works without this file (Tab and the arrow keys do the same, more slowly).
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || !/^[1-9]$/.test(event.key)) {
    return;
  }
  var input = event.target;
  if (!input || input.tagName !== "INPUT" || (input.type !== "radio" && input.type !== "checkbox")) {
    return;
  }
  var group = input.closest("[data-keyin-group]");
  var form = input.closest("form[data-keyin]");
  if (!group || !form) {
    return;
  }
  var choices = group.querySelectorAll("input");
  var chosen = choices[parseInt(event.key, 10) - 1];
  if (!chosen) {
    return;
  }
  event.preventDefault();
  if (chosen.type === "radio") {
    // Tick it and stay: Tab goes on to the next question, as the page says (no double jump).
    chosen.checked = true;
    chosen.focus();
  } else {
    chosen.checked = !chosen.checked;
    chosen.focus();
  }
});
