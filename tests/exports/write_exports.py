#!/usr/bin/python3
"""Writes other authenticators' exports of one set of accounts, each as its app describes its format, sealed
with implementations that share no code with Keyfob: libsodium (PyNaCl) for Ente's argon2id and
secretstream, argon2-cffi for Proton's and Authenticator Pro's argon2id, `cryptography` for AES and HKDF,
Python's own hashlib and csv. `tests/imports.rs` imports each with the real `keyfob`.

Usage: write_exports.py OUT_DIR PASSWORD
"""

import base64
import csv
import hashlib
import hmac
import json
import os
import sys
import urllib.parse

import argon2.low_level
import nacl.bindings as sodium
import nacl.pwhash
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

# The accounts every file holds: (issuer, account, base32 secret, algorithm, digits, period).
ACCOUNTS = [
    ("GitHub", "alice@example.com", "JBSWY3DPEHPK3PXP", "SHA1", 6, 30),
    ("Payroll", "bob", "GEZDGNBVGY3TQOJQ", "SHA256", 8, 60),
]
# What organises GitHub where the format can say it.
GROUP, NOTE = "Work", "recovery codes: 1111-2222"


def b64(data):
    return base64.b64encode(data).decode()


def link(issuer, name, secret, algorithm, digits, period):
    label = urllib.parse.quote(f"{issuer}:{name}", safe="@:")
    return (f"otpauth://totp/{label}?secret={secret}&issuer={urllib.parse.quote(issuer)}"
            f"&algorithm={algorithm}&digits={digits}&period={period}")


def b32_bytes(secret):
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def aes_cbc(key, iv, plain):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def ente(password):
    lines = []
    for index, account in enumerate(ACCOUNTS):
        display = {"pinned": index == 0, "trashed": False, "lastUsedAt": 0, "tapCount": 0,
                   "tags": [GROUP] if index == 0 else [], "note": NOTE if index == 0 else ""}
        lines.append(link(*account) + "&codeDisplay=" + urllib.parse.quote(json.dumps(display), safe=""))
    salt = os.urandom(16)
    ops, mem = 2, 64 * 1024 * 1024
    key = nacl.pwhash.argon2id.kdf(32, password.encode(), salt, opslimit=ops, memlimit=mem)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
        state, "\n".join(lines).encode(), tag=sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    return json.dumps({"version": 1, "kdfParams": {"memLimit": mem, "opsLimit": ops, "salt": b64(salt)},
                       "encryptedData": b64(sealed), "encryptionNonce": b64(header)}).encode()


def proton_plain():
    entries = [{"id": str(i), "content": {"uri": link(*a), "entry_type": "Totp", "name": a[1]},
                "note": NOTE if i == 0 else None} for i, a in enumerate(ACCOUNTS)]
    return json.dumps({"version": 1, "entries": entries}).encode()


def proton(password):
    salt, nonce = os.urandom(16), os.urandom(12)
    key = argon2.low_level.hash_secret_raw(password.encode(), salt, time_cost=2, memory_cost=19 * 1024,
                                           parallelism=1, hash_len=32, type=argon2.low_level.Type.ID)
    sealed = AESGCM(key).encrypt(nonce, proton_plain(), b"proton.authenticator.export.v1")
    return json.dumps({"version": 1, "salt": b64(salt), "content": b64(nonce + sealed)}).encode()


def bitwarden_vault():
    items = [{"type": 1, "name": a[0], "favorite": i == 0, "folderId": "f1" if i == 0 else None,
              "notes": NOTE if i == 0 else None, "login": {"username": a[1], "password": "pw", "totp": link(*a)}}
             for i, a in enumerate(ACCOUNTS)]
    items.append({"type": 1, "name": "Mail", "login": {"username": "carol", "password": "pw", "totp": None}})
    return json.dumps({"encrypted": False, "folders": [{"id": "f1", "name": GROUP}], "items": items}).encode()


def bitwarden(password, kdf_type):
    salt = b64(os.urandom(16))
    if kdf_type == 0:
        iterations, memory, lanes = 100_000, None, None
        master = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations, 32)
    else:
        iterations, memory, lanes = 3, 64, 4
        master = argon2.low_level.hash_secret_raw(
            password.encode(), hashlib.sha256(salt.encode()).digest(), time_cost=iterations,
            memory_cost=memory * 1024, parallelism=lanes, hash_len=32, type=argon2.low_level.Type.ID)
    enc = HKDFExpand(hashes.SHA256(), 32, b"enc").derive(master)
    mac = HKDFExpand(hashes.SHA256(), 32, b"mac").derive(master)

    def seal(plain):
        iv = os.urandom(16)
        ciphertext = aes_cbc(enc, iv, plain)
        tag = hmac.new(mac, iv + ciphertext, hashlib.sha256).digest()
        return f"2.{b64(iv)}|{b64(ciphertext)}|{b64(tag)}"

    export = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": kdf_type,
              "kdfIterations": iterations, "encKeyValidation_DO_NOT_EDIT": seal(b"e6b5f1c2-0a4d-4f7e-9d2c"),
              "data": seal(bitwarden_vault())}
    if memory is not None:
        export.update({"kdfMemory": memory, "kdfParallelism": lanes})
    return json.dumps(export).encode()


def andotp(password):
    entries = [{"secret": a[2], "issuer": a[0], "label": a[1], "digits": a[4], "type": "TOTP", "algorithm": a[3],
                "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": a[5],
                "tags": [GROUP] if i == 0 else []} for i, a in enumerate(ACCOUNTS)]
    rounds, salt, iv = 150_000, os.urandom(12), os.urandom(12)
    key = hashlib.pbkdf2_hmac("sha1", password.encode(), salt, rounds, 32)
    return rounds.to_bytes(4, "big") + salt + iv + AESGCM(key).encrypt(iv, json.dumps(entries).encode(), None)


def authpro_plain():
    authenticators = [{"Type": 2, "Icon": None, "Issuer": a[0], "Username": a[1], "Secret": a[2], "Pin": None,
                       "Algorithm": {"SHA1": 0, "SHA256": 1, "SHA512": 2}[a[3]], "Digits": a[4], "Period": a[5],
                       "Counter": 0, "Ranking": i, "CopyCount": 0} for i, a in enumerate(ACCOUNTS)]
    category = hashlib.sha1(GROUP.encode()).hexdigest()[:8]
    return json.dumps({"Authenticators": authenticators,
                       "Categories": [{"Id": category, "Name": GROUP, "Ranking": 0}],
                       "AuthenticatorCategories": [{"CategoryId": category, "AuthenticatorSecret": ACCOUNTS[0][2],
                                                    "Ranking": 0}],
                       "CustomIcons": []}).encode()


def authpro(password):
    salt, iv = os.urandom(16), os.urandom(12)
    key = argon2.low_level.hash_secret_raw(password.encode(), salt, time_cost=3, memory_cost=65536,
                                           parallelism=4, hash_len=32, type=argon2.low_level.Type.ID)
    return b"AUTHENTICATORPRO" + salt + iv + AESGCM(key).encrypt(iv, authpro_plain(), None)


def authpro_legacy(password):
    salt, iv = os.urandom(20), os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha1", password.encode(), salt, 64_000, 32)
    return b"AuthenticatorPro" + salt + iv + aes_cbc(key, iv, authpro_plain())


def freeotp():
    tokens = [{"algo": a[3], "counter": 0, "digits": a[4], "issuerExt": a[0], "issuerInt": a[0], "label": a[1],
               "period": a[5], "secret": [b - 256 if b > 127 else b for b in b32_bytes(a[2])], "type": "TOTP"}
              for a in ACCOUNTS]
    return json.dumps({"tokenOrder": [f"{a[0]}:{a[1]}" for a in ACCOUNTS], "tokens": tokens}).encode()


def lastpass():
    accounts = [{"accountID": "", "issuerName": a[0], "originalIssuerName": a[0], "userName": a[1],
                 "originalUserName": a[1], "pushNotification": False, "secret": a[2], "timeStep": a[5],
                 "digits": a[4], "creationTimestamp": 1_750_000_000, "isFavorite": i == 0, "algorithm": a[3],
                 "folderData": {"folderId": 7 if i == 0 else 0, "position": 0}} for i, a in enumerate(ACCOUNTS)]
    folders = [{"id": 1, "name": "Favorites", "isOpened": True}, {"id": 0, "name": "Other Accounts", "isOpened": True},
               {"id": 7, "name": GROUP, "isOpened": True}]
    return json.dumps({"deviceName": "phone", "version": 3, "accounts": accounts, "folders": folders}).encode()


def keepassxc(path):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon",
                         "Last Modified", "Created"])
        for i, a in enumerate(ACCOUNTS):
            writer.writerow([f"Root/{GROUP}" if i == 0 else "Root", a[0], a[1], "pw", "", NOTE if i == 0 else "",
                             link(*a), "0", "", ""])
        writer.writerow(["Root", "Mail", "carol", "pw", "", "a password, no TOTP", "", "0", "", ""])


def main():
    out, password = sys.argv[1], sys.argv[2]
    files = {
        "ente-auth-codes.txt": ente(password),
        "proton-authenticator.json": proton(password),
        "proton-authenticator-plain.json": proton_plain(),
        "bitwarden-pbkdf2.json": bitwarden(password, 0),
        "bitwarden-argon2.json": bitwarden(password, 1),
        "otp_accounts_2026-12-02.json.aes": andotp(password),
        "backup.authpro": authpro(password),
        "backup-legacy.authpro": authpro_legacy(password),
        "authenticator-pro.json": authpro_plain(),
        "freeotp-backup.json": freeotp(),
        "lastpass-authenticator.json": lastpass(),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    keepassxc(os.path.join(out, "keepassxc.csv"))


main()
