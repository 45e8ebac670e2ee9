#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so the product needs no build step on any machine.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
