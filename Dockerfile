# Pomo's server image: pomod built with its Swift runtime inside, on a slim Debian, run as a
# user of its own, its data a volume.
#   docker build -t pomo .
#   docker run -d -p 8080:8080 -v pomo-data:/var/lib/pomo pomo
# The build stage can be skipped with a pomod you built yourself (`swift build -c release
# --static-swift-stdlib --product pomod`): copy it and the pomo_PomoServer.resources folder beside
# it to .build/docker/ before `docker build`,
# and any image with a shell serves as SWIFT_IMAGE. scripts/container-test.sh does that, on a
# Debian base made with debootstrap, since these machines reach no image registry.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
COPY . .
# pomod reads the web app's files from the resource bundle beside it (pomo_PomoServer.resources).
RUN set -e; \
    if [ -x .build/docker/pomod ]; then \
      bin=.build/docker; \
    else \
      swift build -c release --static-swift-stdlib $(sh scripts/static-link-flags.sh) --product pomod; \
      bin=$(swift build -c release --show-bin-path); \
    fi; \
    install -D -m 0755 "$bin/pomod" /staging/usr/local/bin/pomod; \
    cp -R "$bin"/*.resources /staging/usr/local/bin/

FROM ${RUNTIME_IMAGE}
# libstdc++ and libgcc come with Debian's base; pomod needs nothing else (no Swift runtime).
RUN set -e; \
    groupadd --system --gid 10001 pomo; \
    useradd --system --uid 10001 --gid pomo --home-dir /var/lib/pomo --no-create-home --shell /usr/sbin/nologin pomo; \
    install -d -o pomo -g pomo -m 0700 /var/lib/pomo
COPY --from=build /staging/ /
USER pomo
WORKDIR /var/lib/pomo
ENV POMO_HOST=0.0.0.0 \
    POMO_PORT=8080 \
    POMO_DATA_DIR=/var/lib/pomo
VOLUME ["/var/lib/pomo"]
EXPOSE 8080
# bash's /dev/tcp: the image needs no curl for its health check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${POMO_PORT:-8080} && printf 'GET /api/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# pomod is PID 1 and handles SIGTERM itself: requests in flight finish, then it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/pomod"]
CMD ["serve"]
