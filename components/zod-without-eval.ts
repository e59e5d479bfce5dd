import { z } from "zod";

// Zod probes `new Function` to compile fast parsers; under the pages' CSP (no 'unsafe-eval')
// the probe is refused and reported as a violation even though Zod falls back. Parse without it.
z.config({ jitless: true });
