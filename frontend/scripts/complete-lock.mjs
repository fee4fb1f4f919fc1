// Adds package-lock entries for the @tailwindcss/oxide platform binaries that this machine's npm
// registry mirror does not serve (404 for darwin/win32/… packages). npm then leaves them out of the
// lock, and `npm ci` refuses the lock as "out of sync". The entries are optional and limited by
// os/cpu, so npm skips them on Linux; elsewhere it fetches them by version.
// Run after changing the tailwindcss version: `node scripts/complete-lock.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pk = lock.packages;
const version = pk["node_modules/@tailwindcss/oxide"].version;
const platforms = {
  "android-arm64": [["android"], ["arm64"]],
  "darwin-arm64": [["darwin"], ["arm64"]],
  "darwin-x64": [["darwin"], ["x64"]],
  "freebsd-x64": [["freebsd"], ["x64"]],
  "linux-arm-gnueabihf": [["linux"], ["arm"]],
  "wasm32-wasi": [null, ["wasm32"]],
  "win32-arm64-msvc": [["win32"], ["arm64"]],
  "win32-x64-msvc": [["win32"], ["x64"]],
};
let added = 0;
for (const [name, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@tailwindcss/oxide-${name}`;
  if (pk[key]?.version === version) continue;
  pk[key] = { version, cpu, dev: true, license: "MIT", optional: true, ...(os ? { os } : {}), engines: { node: ">= 20" } };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, JSON.stringify(lock, null, 2) + "\n");
console.log(`complete-lock: ${added} entries added`);
