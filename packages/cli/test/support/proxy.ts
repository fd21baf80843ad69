/**
 * A TCP relay in front of the API, on a port of its own, that can be taken down and brought back
 * on the same port: the CLI sees the labs API go away and return at the same URL.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export interface Relay {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRelay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let listenPort = 0;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      listening.once("error", reject);
      listening.listen(listenPort, "127.0.0.1", () => {
        listenPort = (listening.address() as { port: number }).port;
        server = listening;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await start();
  return {
    get url() {
      return `http://127.0.0.1:${listenPort}`;
    },
    stop,
    start,
  };
}
