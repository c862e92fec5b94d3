#!/usr/bin/env bash
# Builds the Debian package target/debian/crossrun_VERSION_amd64.deb with dpkg-deb: the
# static crossrun (as `cargo build --release` makes it), man pages and bash/zsh/fish
# completions generated from the command line's definition (`crossrun generate-docs`),
# and systemd binfmt.d entries for every architecture crossrun emulates, registered
# with the F and P flags as qemu-user-static's are (`crossrun binfmt export`).
#
# Usage: packaging/build-deb.sh            (prints the path of the .deb)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -q -p crossrun
bin=target/x86_64-unknown-linux-gnu/release/crossrun
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
out=target/debian
stage=$out/crossrun_${version}_amd64
rm -rf "$stage" "$out/docs"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/man/man1" "$stage/usr/share/doc/crossrun" \
    "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
    "$stage/usr/share/fish/vendor_completions.d" "$stage/usr/lib/binfmt.d"

objcopy --strip-debug "$bin" "$stage/usr/bin/crossrun"
chmod 755 "$stage/usr/bin/crossrun"
"$bin" generate-docs "$out/docs"
for page in "$out"/docs/man/*.1; do
    gzip -9n < "$page" > "$stage/usr/share/man/man1/$(basename "$page").gz"
done
install -m644 "$out/docs/completions/crossrun.bash" "$stage/usr/share/bash-completion/completions/crossrun"
install -m644 "$out/docs/completions/_crossrun" "$stage/usr/share/zsh/vendor-completions/_crossrun"
install -m644 "$out/docs/completions/crossrun.fish" "$stage/usr/share/fish/vendor_completions.d/crossrun.fish"
"$bin" binfmt export all --persistent --preserve-argv0 --interpreter /usr/bin/crossrun --systemd "$stage/usr/lib/binfmt.d" >/dev/null
chmod 644 "$stage"/usr/lib/binfmt.d/*.conf

cat > "$stage/usr/share/doc/crossrun/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: crossrun

Files: *
License: MIT or Apache-2.0
COPYRIGHT

cat > "$stage/DEBIAN/control" <<CONTROL
Package: crossrun
Version: $version
Architecture: amd64
Maintainer: crossrun developers <crossrun@localhost>
Section: otherosfs
Priority: optional
Installed-Size: $(du -ks "$stage/usr" | cut -f1)
Description: run Linux programs built for another CPU (user-mode emulator)
 crossrun runs Linux programs built for aarch64 on an x86_64 machine, like
 qemu-user, with qemu-user's options (including a gdb stub, -g). The binary is
 static, and binfmt_misc entries for systemd-binfmt are installed, so foreign
 programs run directly, also inside chroots and containers.
CONTROL

# As qemu-user-binfmt does: have systemd-binfmt register the entries now (at boot it
# reads /usr/lib/binfmt.d itself); on removal, take crossrun's entries out of the kernel.
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ] && [ -d /run/systemd/system ]; then
    systemctl --no-block restart systemd-binfmt.service || true
fi
POSTINST
cat > "$stage/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
    for entry in /proc/sys/fs/binfmt_misc/crossrun-*; do
        [ -e "$entry" ] && echo -1 > "$entry" || true
    done
fi
POSTRM
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"

dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/crossrun_${version}_amd64.deb" >/dev/null
echo "$out/crossrun_${version}_amd64.deb"
