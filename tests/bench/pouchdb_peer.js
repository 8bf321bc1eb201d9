// The PouchDB side of bench_sync.py --pouchdb: the same records replicated through a
// pouchdb-server on 127.0.0.1, as a PouchDB app would sync them.
//
//   node pouchdb_peer.js SERVER_URL DOCS_JSONL WORK_DIR BATCH_SIZE
//
// DOCS_JSONL holds one document a line. The documents are first stored in a local PouchDB
// (not timed: the device already holds them), then timed: the full push (local -> server),
// and a first download into an empty local PouchDB (server -> local), both with the given
// batch size. Prints one JSON line: {"docs", "push_s", "download_s", "pouchdb"}.
// `pouchdb` is found through NODE_PATH (the benchmark's own cache of npm packages).
"use strict";

const fs = require("fs");
const path = require("path");
const PouchDB = require("pouchdb");

async function main() {
  const [url, docsFile, work, batch] = process.argv.slice(2);
  const batchSize = Number(batch);
  const docs = fs
    .readFileSync(docsFile, "utf8")
    .split("\n")
    .filter((line) => line)
    .map((line) => JSON.parse(line));
  const local = new PouchDB(path.join(work, "device-a"));
  for (let i = 0; i < docs.length; i += 5000) {
    await local.bulkDocs(docs.slice(i, i + 5000));
  }
  const remote = url + "/community";

  let started = process.hrtime.bigint();
  const up = await PouchDB.replicate(local, remote, { batch_size: batchSize });
  const pushS = Number(process.hrtime.bigint() - started) / 1e9;
  if (up.docs_written !== docs.length) {
    throw new Error(`push wrote ${up.docs_written} of ${docs.length}`);
  }

  const empty = new PouchDB(path.join(work, "device-b"));
  started = process.hrtime.bigint();
  const down = await PouchDB.replicate(remote, empty, { batch_size: batchSize });
  const downloadS = Number(process.hrtime.bigint() - started) / 1e9;
  if (down.docs_written !== docs.length) {
    throw new Error(`download wrote ${down.docs_written} of ${docs.length}`);
  }
  const version = require("pouchdb/package.json").version;
  console.log(
    JSON.stringify({ docs: docs.length, push_s: pushS, download_s: downloadS, pouchdb: version }),
  );
  await local.close();
  await empty.close();
}

main().catch((err) => {
  console.error(String((err && err.stack) || err));
  process.exit(1);
});
