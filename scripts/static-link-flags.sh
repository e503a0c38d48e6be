#!/usr/bin/env sh
# Prints the linker flags that go with `swift build --static-swift-stdlib` for pomod: Foundation's
# static libraries as one group, so the linker resolves them whatever order it meets them in (an
# incremental build here left CoreFoundation or Foundation's ICU out of the link otherwise).
#   swift build -c release --static-swift-stdlib $(scripts/static-link-flags.sh) --product pomod
printf '%s' "-Xlinker --start-group"
for lib in Foundation CoreFoundation FoundationInternationalization _FoundationICU FoundationEssentials \
  _FoundationCShims _FoundationCollections swiftSynchronization swiftDispatch dispatch BlocksRuntime; do
  printf ' %s' "-Xlinker -l$lib"
done
printf ' %s\n' "-Xlinker --end-group"
