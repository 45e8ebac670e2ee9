/**
 * A progress bar on a terminal (standard error), redrawn at most every 100 ms; nothing at all when
 * standard error is not a terminal, so logs and CI output stay clean.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = "Importing"): ProgressBar {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = 0;
  let drawn = false;
  const started = Date.now();
  const draw = (done: number, total: number) => {
    const share = total > 0 ? Math.min(done / total, 1) : 1;
    const filled = Math.round(share * WIDTH);
    const seconds = (Date.now() - started) / 1000;
    // The file is read twice: show the position within the current pass.
    const size = total / 2;
    const second = done > size;
    const within = second ? done - size : done;
    stream.write(
      `\r${label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
        `pass ${second ? 2 : 1}/2 ${(within / 1_048_576).toFixed(0)}/${(size / 1_048_576).toFixed(0)} MB ${seconds.toFixed(0)} s `,
    );
    drawn = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) stream.write("\n");
    },
  };
}
