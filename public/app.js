// Progressive enhancement only: every page works without this file.
// 1. An error summary takes the focus, so a screen reader reads it and the keyboard starts there.
// 2. On long forms, a warning two minutes before the session would end, with "Stay signed in".
(function () {
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();

  var note = document.querySelector('[data-session-until]');
  var warning = document.querySelector('.session-warning');
  if (!note || !warning || !window.fetch) return;
  var until = new Date(note.getAttribute('data-session-until')).getTime();
  var lengthMs = until - Date.now();
  var timer;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      warning.hidden = false;
      var button = warning.querySelector('[data-stay-signed-in]');
      if (button) button.focus();
    }, Math.max(0, until - Date.now() - 120000));
  }
  warning.querySelector('[data-stay-signed-in]').addEventListener('click', function () {
    fetch('/api/v1/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (!res.ok) return;
      until = Date.now() + lengthMs;
      warning.hidden = true;
      schedule();
    });
  });
  schedule();
})();
