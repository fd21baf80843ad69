/** "Copy command" buttons: `data-copy-target` names the element whose text is copied. */
for (const button of document.querySelectorAll<HTMLButtonElement>("[data-copy-target]")) {
  const source = document.getElementById(button.dataset.copyTarget ?? "");
  const status = button.parentElement?.querySelector<HTMLElement>("[data-copy-status]");
  button.addEventListener("click", async () => {
    const text = source?.textContent ?? "";
    try {
      await navigator.clipboard.writeText(text);
      if (status) status.textContent = "Copied";
    } catch {
      // No clipboard permission (or not a secure context): select it for the learner to copy.
      if (source) getSelection()?.selectAllChildren(source);
      if (status) status.textContent = "Selected: press Ctrl+C to copy";
    }
  });
}
