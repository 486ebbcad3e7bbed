import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPost, createRawHttpClient, parseAnswer } from "./raw-http";

// The bench's callbacks leave through an HTTP client of its own: checked here against Node's own
// server, which is what LoopDesk runs, so a misread answer fails this test instead of the bench
// reporting acknowledgements that never came.
let server: http.Server;
let origin: URL;
const seen: { method?: string; url?: string; type?: string; body: string; socket: unknown }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body, socket: req.socket });
      if (body === "close") {
        res.writeHead(200, { connection: "close" });
        res.end("bye");
      } else if (body === "chunked") {
        res.writeHead(202, { "content-type": "text/plain" });
        res.write("成功");
        res.end(", twice");
      } else {
        res.writeHead(body === "bad" ? 400 : 200, { "content-length": Buffer.byteLength(`echo ${body}`) });
        res.end(`echo ${body}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (body: string) =>
  buildPost(new URL(`/webhooks/wecom?msg_signature=a%2Fb&nonce=1`, origin), "text/xml", body);

describe("the bench's HTTP client", () => {
  it("sends the request WeChat would and reads the answer, on one kept-alive connection", async () => {
    seen.length = 0;
    const client = createRawHttpClient(origin, 4);
    const first = await client.send(post("<xml>你好</xml>"));
    const second = await client.send(post("again"));
    client.close();

    expect(first.status).toBe(200);
    expect(first.body.toString()).toBe("echo <xml>你好</xml>");
    expect(second.body.toString()).toBe("echo again");
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/webhooks/wecom?msg_signature=a%2Fb&nonce=1",
      type: "text/xml",
    });
    expect(seen[0]?.body).toBe("<xml>你好</xml>");
    expect(seen[1]?.socket).toBe(seen[0]?.socket);
  });

  it("reads statuses other than 200 and chunked answers", async () => {
    const client = createRawHttpClient(origin, 4);
    const [bad, chunked] = await Promise.all([client.send(post("bad")), client.send(post("chunked"))]);
    client.close();

    expect(bad.status).toBe(400);
    expect(chunked).toMatchObject({ status: 202 });
    expect(chunked.body.toString()).toBe("成功, twice");
  });

  it("keeps at most the connections it was given, the other requests waiting their turn", async () => {
    seen.length = 0;
    const client = createRawHttpClient(origin, 2);
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => client.send(post(`n${i}`))));
    client.close();

    expect(answers.map((answer) => answer.body.toString())).toEqual(Array.from({ length: 7 }, (_, i) => `echo n${i}`));
    expect(new Set(seen.map((request) => request.socket)).size).toBe(2);
  });

  it("opens a new connection after the server closes one, idle or answering with Connection: close", async () => {
    seen.length = 0;
    const client = createRawHttpClient(origin, 1);
    expect((await client.send(post("close"))).body.toString()).toBe("bye");
    expect((await client.send(post("after close"))).body.toString()).toBe("echo after close");
    server.closeIdleConnections();
    // The idle connection's close may not have reached the client yet: the request is sent again on a
    // fresh connection if it went out on the closed one.
    expect((await client.send(post("after idle"))).body.toString()).toBe("echo after idle");
    client.close();

    expect(new Set(seen.map((request) => request.socket)).size).toBe(3);
  });

  it("waits for the rest of an answer split across reads", () => {
    const answer = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nsuccess");
    expect(parseAnswer(answer.subarray(0, 20))).toBeUndefined();
    expect(parseAnswer(answer.subarray(0, answer.length - 1))).toBeUndefined();
    expect(parseAnswer(answer)).toMatchObject({ answer: { status: 200 }, keepAlive: true, length: answer.length });
    const chunked = Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    expect(parseAnswer(chunked.subarray(0, chunked.length - 2))).toBeUndefined();
    expect(parseAnswer(chunked)?.answer.body.toString()).toBe("abc");
    expect(() => parseAnswer(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/not an HTTP/);
  });
});
