// The widget page's own script, a file because the sandbox's Content-Security-Policy
// runs no inline script.

// The snippet with this server's address, ready to paste elsewhere.
const origin = location.origin;
const snippet = `<script type="module" src="${origin}/pkg/widget.js"></script><bitcoin-central-market base-url="${origin}"></bitcoin-central-market>`;
document.querySelector("#snippet").textContent = snippet;
const copy = document.querySelector("#copy");
copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(snippet);
    copy.textContent = "Copied";
  } catch {
    getSelection().selectAllChildren(document.querySelector("#snippet"));
    copy.textContent = "Press Ctrl+C";
  }
  setTimeout(() => (copy.textContent = "Copy"), 2000);
});

// The proof of the shared poll: ticker requests seen by the browser, updates seen by the widgets.
let requests = 0;
let updates = 0;
new PerformanceObserver((list) => {
  requests += list.getEntries().filter((entry) => new URL(entry.name).pathname.endsWith("/ticker")).length;
  document.querySelector("#requests").textContent = requests;
}).observe({ type: "resource", buffered: true });
document.addEventListener("bitcoin-central-update", () => {
  document.querySelector("#updates").textContent = ++updates;
});
