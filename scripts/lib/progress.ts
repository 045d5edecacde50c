// A single progress line in the terminal, rewritten in place; plain lines when not a terminal (CI logs).
export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  let lastLabel = "";
  return (label: string, done: number, total: number) => {
    const now = Date.now();
    if (label === lastLabel && done < total && now - last < 200) return;
    last = now;
    lastLabel = label;
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const text = `${label}: ${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} (${percent}%)`;
    if (stream.isTTY) stream.write(`\r\x1b[2K${text}${done >= total ? "\n" : ""}`);
    else if (done >= total || percent % 25 === 0) stream.write(`${text}\n`);
  };
}
