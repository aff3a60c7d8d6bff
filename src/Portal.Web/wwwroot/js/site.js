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
