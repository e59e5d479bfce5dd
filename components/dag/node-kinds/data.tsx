import { defineNodeView } from "./define-node-view";

export const dataNodeView = defineNodeView({
  kind: "data",
  headerClass: "bg-sky-50 text-sky-800 border-sky-200",
});
