# Minimal multi-stage image. Not built on the project's machines (no container engine there).
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product ecom \
    && cp "$(swift build -c release --show-bin-path)/ecom" /usr/local/bin/ecom

FROM swift:6.2-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis0.14 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app ecom
WORKDIR /app
COPY --from=build /usr/local/bin/ecom /usr/local/bin/ecom
COPY config ./config
RUN mkdir -p /app/var && chown ecom /app/var
USER ecom
ENV APP_HOST=0.0.0.0
EXPOSE 8000
ENTRYPOINT ["ecom"]
CMD ["serve", "--config", "config/production.yaml"]
