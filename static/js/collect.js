// Keying in paper answers (templates/collect/_paper_fields.html): inside a radio or checkbox group,
// the digit keys 1–9 tick that choice; for a radio group the focus then moves to the next question.
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
    chosen.checked = true;
    var controls = Array.prototype.filter.call(form.querySelectorAll("input, textarea, select"), function (el) {
      return el.type !== "hidden" && !el.disabled && !group.contains(el);
    });
    var after = controls.filter(function (el) {
      return group.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    var next = after[0];
    if (next) {
      if (next.type === "radio") {
        var checked = form.querySelector('input[name="' + next.name + '"]:checked');
        (checked || next).focus();
      } else {
        next.focus();
      }
    } else {
      var submit = form.querySelector("button[type=submit]");
      if (submit) { submit.focus(); }
    }
  } else {
    chosen.checked = !chosen.checked;
    chosen.focus();
  }
});
