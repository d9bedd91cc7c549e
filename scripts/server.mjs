// Starts the release tend-server (scripts/build.sh builds it) on loopback for the scripts that drive the built
// app in a browser, and resolves once it is listening.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The server binary and its arguments, serving `dir` on 127.0.0.1:`port`, with its database in `data` (by
 * default a fresh folder), and any `more` arguments. */
export function serverCommand(dir, port, data = mkdtempSync(join(tmpdir(), "tend-server-data-")), more = []) {
  const binary = join(process.env.CARGO_TARGET_DIR || "target", "release", "tend-server");
  return [binary, ["--dist", dir, "--listen", `127.0.0.1:${port}`, "--data-dir", data, ...more]];
}

/** The running server (kill it when done). */
export async function startServer(dir, port) {
  const [binary, args] = serverCommand(dir, port);
  const server = spawn(binary, args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    server.stdout.once("data", resolve);
    server.once("exit", (code) => reject(new Error(`tend-server exited with ${code} before it listened`)));
  });
  return server;
}
