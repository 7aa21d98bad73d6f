/** A one-line progress counter on a terminal; silent when stderr is piped or output is JSON. */
export function createProgress(stream: { write(text: string): unknown; isTTY?: boolean }, enabled: boolean) {
  const active = enabled && stream.isTTY === true;
  let shown = false;
  return {
    update: (done: number, total: number): void => {
      if (!active) return;
      stream.write(`\rresolving ${done}/${total}`);
      shown = true;
    },
    done: (): void => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
