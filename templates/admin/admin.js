// The editing pages work without this script. With it, the browser asks before leaving an edit
// page whose fields were changed and not yet sent (a link, the sign-out button, closing the tab),
// so no text typed is lost by a click elsewhere.
(function () {
  'use strict';
  var form = document.getElementById('sections-form');
  if (!form) return;
  var changed = false;
  form.addEventListener('input', function () { changed = true; });
  // Sending the form (any of its buttons, also "Submit for review" outside it) is not leaving.
  form.addEventListener('submit', function () { changed = false; });
  window.addEventListener('beforeunload', function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();
