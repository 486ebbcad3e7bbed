// How WeChat and WeCom deliver a callback: POST, wait at most 5 s, and on a timeout or any non-200
// answer try again with the identical body, 3 tries in all.
export const CALLBACK_TIMEOUT_MS = 5_000;
export const CALLBACK_TRIES = 3;

export type DeliveryResult = { delivered: boolean; tries: number; status?: number; body?: string };

export async function deliverCallback(
  url: string,
  body: string,
  options: { tries?: number; timeoutMs?: number; contentType?: string } = {},
): Promise<DeliveryResult> {
  const tries = options.tries ?? CALLBACK_TRIES;
  let last: DeliveryResult = { delivered: false, tries: 0 };
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": options.contentType ?? "text/xml" },
        signal: AbortSignal.timeout(options.timeoutMs ?? CALLBACK_TIMEOUT_MS),
      });
      const text = await response.text();
      last = { delivered: response.status === 200, tries: attempt, status: response.status, body: text };
      if (last.delivered) return last;
    } catch {
      last = { delivered: false, tries: attempt };
    }
  }
  return last;
}
