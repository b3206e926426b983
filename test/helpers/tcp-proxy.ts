import net from "node:net";

/** A TCP proxy on 127.0.0.1 in front of a loopback server, that a test can cut or take down. */
export interface TcpProxy {
  readonly port: number;
  /** Bytes sent from the server to clients so far (through every connection). */
  readonly bytesToClients: number;
  /** Cuts every open connection once `bytes` more have gone to the clients (new ones still pass). */
  cutAfter(bytes: number): Promise<void>;
  /** Refuses new connections (accepted, then reset at once) and cuts every open one: the server is "down". */
  down(): void;
  /** Lets connections through again. */
  up(): void;
  close(): Promise<void>;
}

/** Starts a proxy from a free port on 127.0.0.1 to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let isDown = false;
  let sent = 0;
  let cut: { at: number; done: () => void } | undefined;
  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const server = net.createServer((client) => {
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => {
      if (cut && sent + chunk.length >= cut.at) {
        // Pass the bytes up to the cut, then drop every connection mid-stream.
        client.write(chunk.subarray(0, Math.max(0, cut.at - sent)));
        sent = cut.at;
        const { done } = cut;
        cut = undefined;
        cutAll();
        done();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    get bytesToClients() {
      return sent;
    },
    cutAfter(bytes) {
      return new Promise<void>((resolve) => {
        cut = { at: sent + bytes, done: resolve };
      });
    },
    down() {
      isDown = true;
      cutAll();
    },
    up() {
      isDown = false;
    },
    close() {
      isDown = true;
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
