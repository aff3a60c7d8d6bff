// Menus are <details> elements and work without script; this only closes an open menu when
// the person clicks elsewhere or presses Escape.
document.addEventListener('click', (event) => {
  document.querySelectorAll('details.menu[open]').forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute('open');
  });
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  document.querySelectorAll('details.menu[open]').forEach((menu) => {
    menu.removeAttribute('open');
    menu.querySelector('summary')?.focus();
  });
});
// A form with data-confirm asks before it submits (removing a member); without script it submits directly.
document.addEventListener('submit', (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// "Print" on the backup-codes page; the print stylesheet shows only the codes.
document.querySelectorAll('[data-action=print]').forEach((button) => {
  button.addEventListener('click', () => window.print());
});

// Copy buttons (backup codes, the set-up key): shown only where the browser can copy; the text
// stays selectable without script.
document.querySelectorAll('[data-copy]').forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(button.dataset.copy);
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});

// A field that matters only while a checkbox is ticked (the grace period of required 2FA) is
// hidden while it is not; without script it is always shown.
document.querySelectorAll('[data-shown-with]').forEach((field) => {
  const checkbox = document.getElementById(field.dataset.shownWith);
  if (!checkbox) return;
  const update = () => { field.hidden = !checkbox.checked; };
  checkbox.addEventListener('change', update);
  update();
});

// A form that failed comes back from a POST to "…?handler=…": the address is put back to the
// page's own, and the history entry no longer holds the POST, so a refresh reloads the page
// instead of sending the form again.
if (document.body.dataset.posted) {
  const url = new URL(window.location.href);
  url.searchParams.delete('handler');
  window.history.replaceState(null, '', url);
}
