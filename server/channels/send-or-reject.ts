import type { RejectionCode, SendOutcome } from "./channel-adapter";
import { PlatformApiError } from "./platform-client";

export type RejectionTable = Record<number, [RejectionCode, string]>;

/**
 * Runs a platform send and turns its errcode into our outcome: a known refusal, a transient failure
 * (thrown, so the message stays pending and is retried), or any other refusal, quoted.
 */
export async function sendOrReject(
  send: () => Promise<unknown>,
  options: {
    rejections: RejectionTable;
    transient: ReadonlySet<number>;
    refusedLabel: string;
    /** Reads the platform's id of the sent message from its answer. */
    platformIdOf?: (response: unknown) => string | undefined;
  },
): Promise<SendOutcome> {
  try {
    const response = await send();
    const platformMsgId = options.platformIdOf?.(response);
    return platformMsgId ? { status: "sent", platformMsgId } : { status: "sent" };
  } catch (error) {
    if (!(error instanceof PlatformApiError)) throw error;
    const rejection = options.rejections[error.errcode];
    if (rejection) return { status: "rejected", code: rejection[0], reason: rejection[1] };
    if (options.transient.has(error.errcode)) throw error;
    return {
      status: "rejected",
      code: "REFUSED",
      reason: `${options.refusedLabel} (${error.errcode} ${error.errmsg})`,
    };
  }
}
