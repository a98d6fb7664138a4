// What the window knows that several modules show: the accounts as Rust last listed them, and the backup
// status. Modules read it here and hear of changes through its events, instead of importing each other:
//
// - "accounts": the list was read again (or forgotten, when the vault locked: then `known` is false).
//   A listener with work to finish first passes its promise to `event.detail.waitUntil`, and
//   `refreshAccounts()` resolves once every one has (the list drawn, the footer's backup line updated).
// - "backup": the backup status changed.

import { call } from "./ipc.js";
import { Command } from "./commands.js";

class State extends EventTarget {
  #accounts = [];
  #known = false;
  #backup = null;

  /** Accounts in display order, then the push tokens, each as `list_accounts` describes it. */
  get accounts() {
    return this.#accounts;
  }

  /** Whether `accounts` is the vault's list (false while locked, or before it was read). */
  get known() {
    return this.#known;
  }

  /** The latest backup status from Rust: { enabled, folder, keep, last_success, last_file, last_error }. */
  get backup() {
    return this.#backup;
  }

  /** Reads the list from Rust (a failure shows in the error banner and is thrown on) and announces it. */
  async refreshAccounts() {
    this.#accounts = await call(Command.list_accounts);
    this.#known = true;
    await this.#announce("accounts");
  }

  /** Forgets every account (the vault was locked). */
  clearAccounts() {
    this.#accounts = [];
    this.#known = false;
    return this.#announce("accounts");
  }

  setBackup(backup) {
    this.#backup = backup;
    this.dispatchEvent(new Event("backup"));
  }

  async #announce(type) {
    const pending = [];
    this.dispatchEvent(new CustomEvent(type, { detail: { waitUntil: (promise) => pending.push(promise) } }));
    await Promise.all(pending);
  }
}

export const state = new State();
