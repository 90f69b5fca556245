/** The parts of a Node HTTP server a graceful close needs. */
export interface ClosableServer {
  close(callback?: (err?: Error) => void): unknown;
  closeAllConnections?(): void;
  closeIdleConnections?(): void;
}

/**
 * Stops accepting connections and resolves once in-flight requests have finished. Idle keep-alive
 * sockets close at once; busy ones close after their response (the app adds `Connection: close`
 * while draining). Whatever is still open after `graceMs` is cut, so shutdown always ends.
 */
export function closeGracefully(server: ClosableServer, graceMs: number): Promise<{ forced: boolean }> {
  return new Promise((resolve, reject) => {
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      server.closeAllConnections?.();
    }, graceMs);
    server.close((err) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ forced });
    });
    server.closeIdleConnections?.();
  });
}
