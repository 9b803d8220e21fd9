/** Ports for TCP tests: never fixed ones, always what the OS hands out on loopback. */
import net from 'node:net';

/** Ports the OS hands out now (each listened on at port 0 on loopback, then closed). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolveServer, rejectServer) => {
          const server = net.createServer();
          server.once('error', rejectServer);
          server.listen(0, '127.0.0.1', () => resolveServer(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(
    servers.map(
      (server) => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
    ),
  );
  return ports;
}
