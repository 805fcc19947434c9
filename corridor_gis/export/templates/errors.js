window.__cgErrors = [];
window.addEventListener('error', function (e) {
  window.__cgErrors.push(String(e.message));
  document.documentElement.setAttribute('data-js-errors', JSON.stringify(window.__cgErrors));
});
