# The policygraph binary in a minimal image. Build: docker build -t policygraph .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/policygraph ./cmd/policygraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/policygraph /policygraph
COPY testdata/reports /testdata/reports
WORKDIR /
# serve's default address is loopback, unreachable from outside a
# container: listen on every interface, so `docker run -p 8080:8080` works.
ENV POLICYGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/policygraph"]
CMD ["serve"]
