# shellcheck shell=bash
# What the 32-bit Arm userland tests (armhf-test.sh, armel-test.sh) add to common.sh:
#   apt_install KEY PKG...    apt-get install inside $R with the .debs cached under
#                             $CROSSRUN_CACHE/apt-KEY
#   node_and_npm              node runs a script, npm installs a local tarball
# Sourced after common.sh.

apt_install() { # KEY PKG...
    local debs=$cache/apt-$1 archives=$R/var/cache/apt/archives
    shift
    mkdir -p "$debs"
    find "$debs" -name '*.deb' -exec cp -t "$archives" {} +
    [ ${#as_user[@]} = 0 ] || chown -R 65534:65534 "$archives"
    guest /usr/bin/apt-get install -y --no-install-recommends "$@" >"$work/apt-install.log" 2>&1 ||
        { tail -n 30 "$work/apt-install.log" >&2; fail "apt-get install $*"; }
    find "$archives" -maxdepth 1 -name '*.deb' -exec cp -n -t "$debs" {} +
}

node_and_npm() {
    # Buffers grown and joined (large reallocations: glibc moves them with mremap) and
    # hashed; the host's python3 computes the same digest.
    cat >"$work/grow.js" <<'EOF'
const crypto = require('crypto');
const parts = [];
for (let i = 0; i < 64; i++) parts.push(Buffer.alloc(1 << 20, i));
let s = '';
for (let i = 0; i < 200000; i++) s += String.fromCharCode(97 + (i % 26));
const all = Buffer.concat([...parts, Buffer.from(s)]);
console.log(process.arch, all.length, crypto.createHash('sha256').update(all).digest('hex'));
EOF
    put "$work/grow.js" tmp
    local expected out
    expected=$(python3 -c '
import hashlib
b = b"".join(bytes([i]) * (1 << 20) for i in range(64)) + bytes(97 + i % 26 for i in range(200000))
print("arm", len(b), hashlib.sha256(b).hexdigest())')
    out=$(guest /usr/bin/node /tmp/grow.js) || fail "node grow.js"
    [ "$out" = "$expected" ] || fail "node printed '$out', expected '$expected'"
    lap "node ran a script: $out"

    # A package from a local tarball (no registry): npm unpacks it into node_modules
    # and records it in package-lock.json, and node requires it.
    mkdir -p "$work/pkg/package"
    cat >"$work/pkg/package/package.json" <<'EOF'
{ "name": "crossrun-hello", "version": "1.0.0", "main": "index.js", "license": "MIT" }
EOF
    echo 'exports.greet = (who) => `hello, ${who}, from ${process.arch}`;' >"$work/pkg/package/index.js"
    tar -C "$work/pkg" -czf "$work/crossrun-hello-1.0.0.tgz" package
    put "$work/crossrun-hello-1.0.0.tgz" tmp
    guest /bin/sh -c 'mkdir -p /tmp/app && cd /tmp/app && echo "{\"name\": \"app\", \"version\": \"1.0.0\"}" >package.json &&
        npm install --offline --no-audit --no-fund /tmp/crossrun-hello-1.0.0.tgz' >"$work/npm.log" 2>&1 ||
        { tail -n 30 "$work/npm.log" >&2; fail "npm install"; }
    out=$(guest /bin/sh -c 'cd /tmp/app && node -e "console.log(require(\"crossrun-hello\").greet(\"npm\"))" &&
        grep -o "\"node_modules/crossrun-hello\"" package-lock.json')
    [ "$out" = $'hello, npm, from arm\n"node_modules/crossrun-hello"' ] || fail "after npm install: '$out'"
    lap "npm installed a package from a local tarball, node required it"
}
