// Prints a free loopback TCP port (used synchronously by configs that cannot await).
import net from "node:net";

const srv = net.createServer();
srv.listen(0, "127.0.0.1", () => {
  const { port } = srv.address();
  srv.close(() => process.stdout.write(String(port)));
});
