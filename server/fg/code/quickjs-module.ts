import { newQuickJSWASMModule, type QuickJSWASMModule } from "quickjs-emscripten";

/**
 * The one compiled QuickJS WebAssembly module of the process. Compiling and instantiating it is
 * the expensive part (tens of ms); a runtime inside it costs well under a millisecond, so each
 * fg call gets a fresh runtime in this shared module.
 */
let current: Promise<QuickJSWASMModule> | undefined;
let loaded: QuickJSWASMModule | undefined;

export function quickJSModule(): Promise<QuickJSWASMModule> {
  if (!current) {
    const loading = newQuickJSWASMModule();
    current = loading;
    loading.then(
      (m) => {
        if (current === loading) loaded = m;
      },
      () => {
        // A failed load is not cached: the next call tries again.
        if (current === loading) current = undefined;
      },
    );
  }
  return current;
}

/**
 * Forgets a module whose WebAssembly state can no longer be trusted (the host stack overflowed
 * inside it, or it aborted): nothing of it is disposed or reused, the next call instantiates a
 * new one, and the garbage collector takes the old instance with all its memory.
 */
export function discardQuickJSModule(module: QuickJSWASMModule): void {
  if (loaded === module) {
    loaded = undefined;
    current = undefined;
  }
}
