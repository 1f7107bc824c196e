// The copy button of the sandbox's test redirect page (/page/oauth/test): copies the
// code (or token) shown, and says so. A file of the sandbox rather than inline script,
// which the page's Content-Security-Policy does not run. Without script the button
// stays hidden and the value can still be selected by hand.
const button = document.getElementById("copy");
const value = document.getElementById("value");
if (button && value) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(value.textContent);
    } catch {
      // No clipboard API (or no permission): select it, and copy the old way.
      getSelection().selectAllChildren(value);
      document.execCommand("copy");
    }
    button.textContent = button.dataset.copied;
  });
}
