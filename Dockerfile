# novumock's image. Build it with `make image` (podman, or CONTAINER=docker): the static binary
# and the CA certificates are prepared on the host in bin/image, the build context, so the
# image needs no base image to pull.
FROM scratch
COPY novumock /novumock
# The contract suite calls https targets.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# Inside a container the fake must be reachable from other containers; every serve flag can be
# set the same way (NOVUMOCK_API_KEY, NOVUMOCK_CONTROL_TOKEN, ...).
ENV NOVUMOCK_ADDR=0.0.0.0:4010
# A numeric user (no /etc/passwd in scratch): nobody's 65534 is the usual unprivileged id.
USER 65534:65534
EXPOSE 4010
# No shell or curl here: the binary asks itself (it reads the same NOVUMOCK_ADDR).
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["/novumock", "health"]
ENTRYPOINT ["/novumock"]
CMD ["serve"]
