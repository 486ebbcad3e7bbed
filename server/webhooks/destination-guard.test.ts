// Webhooks go to the brand's systems on the internet, never into LoopDesk's own network.
import { describe, expect, it } from "vitest";
import { assertPublicDestination, isInternalAddress } from "./destination-guard";

describe("webhook destinations", () => {
  it("knows internal addresses, v4, v6 and v4-mapped", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "not-an-ip",
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "203.119.0.1", "2400:3200::1", "::ffff:8.8.8.8"]) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });

  it("refuses loopback, private and link-local destinations, other schemes and credentials in the URL", async () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "https://10.0.0.5/erp",
      "http://169.254.169.254/latest/meta-data",
      "ftp://8.8.8.8/x",
      "https://user:pass@8.8.8.8/x",
      "not a url",
    ]) {
      await expect(assertPublicDestination(url), url).rejects.toThrow();
    }
    await expect(assertPublicDestination("https://8.8.8.8/erp/webhooks")).resolves.toBeUndefined();
  });
});
