// The floor of the scoring service's HTTP part: node:http on its own, reading each JSON body and
// answering fixed bytes (a scoring answer's size), nothing else. Prints "listening on URL".
import http from "node:http";

const answer = Buffer.from(process.env.BARE_ANSWER ?? "{}");
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": answer.length });
    res.end(answer);
  });
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${a.port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
