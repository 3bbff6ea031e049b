using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Api.Tests;

/// <summary>Fully valid objects of every kind, fresh on each call, for tests to break one field at a time.</summary>
internal static class Valid
{
    public static T Read<T>(string yaml) where T : Resource =>
        (T)HomelabJson.ToResource(YamlManifest.Parse(yaml, "test.yaml").Single().Object);

    public static JsonObject Json(string yaml) => YamlManifest.Parse(yaml, "test.yaml").Single().Object;

    public static Namespace Namespace() => Read<Namespace>("""
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata: {name: media, labels: {team: family}}
        """);

    public static Service Service() => Read<Service>("""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: jellyfin
          namespace: media
          labels: {app: jellyfin, updates: weekly}
          annotations: {homelab.dev/note: "any text at all: even spaces"}
        spec:
          image: docker.io/jellyfin/jellyfin:10.10.3
          command: ["/jellyfin/jellyfin"]
          args: ["--datadir", "/config"]
          workingDir: /
          env:
            - {name: TZ, value: Europe/Berlin}
            - {name: EMPTY, value: ""}
          ports:
            - {name: http, containerPort: 8096, protocol: TCP, hostPort: 8096, hostIP: 0.0.0.0}
            - {name: discovery, containerPort: 7359, protocol: UDP}
            - {containerPort: 8096, protocol: UDP, hostPort: 8096}
          volumes:
            - {name: config, mountPath: /config}
            - {name: media, hostPath: /srv/media, mountPath: /media, readOnly: true}
          configFiles:
            - {mountPath: /config/network.xml, mode: "0444", content: "<x/>"}
          devices:
            - {hostPath: /dev/dri/renderD128, containerPath: /dev/dri/renderD128, permissions: rw}
          resources: {memory: 2Gi, cpus: "2.5", pids: 512}
          healthCheck:
            command: ["curl", "-fsS", "http://127.0.0.1:8096/health"]
            interval: 30s
            timeout: 5s
            retries: 3
            startPeriod: 20s
          restartPolicy: Always
          stopGracePeriod: 10s
          securityContext:
            runAsUser: 1000
            runAsGroup: 1000
            capabilities: {add: [NET_BIND_SERVICE, CAP_CHOWN]}
            userNamespace: auto
          extraNetworks:
            - {name: iot, driver: macvlan, parent: eth1, subnet: 192.168.50.0/24, gateway: 192.168.50.1, ip: 192.168.50.20}
        """);

    public static NetworkPolicy NetworkPolicy() => Read<NetworkPolicy>("""
        apiVersion: homelab.dev/v1alpha1
        kind: NetworkPolicy
        metadata: {name: jellyfin-from-proxy, namespace: media}
        spec:
          serviceSelector: {matchLabels: {app: jellyfin}}
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - namespaceSelector: {matchLabels: {homelab.dev/namespace: edge}}
                  serviceSelector:
                    matchExpressions:
                      - {key: app, operator: In, values: [caddy, traefik]}
                      - {key: legacy, operator: DoesNotExist}
                - ipBlock: {cidr: 192.168.1.0/24, except: [192.168.1.1/32]}
              ports:
                - {protocol: TCP, port: http}
                - {protocol: UDP, port: 7359}
          egress:
            - to:
                - ipBlock: {cidr: "::/0", except: ["fd00::/8"]}
              ports:
                - {protocol: TCP, port: 8000, endPort: 8100}
        """);

    public static UpdatePolicy UpdatePolicy() => Read<UpdatePolicy>("""
        apiVersion: homelab.dev/v1alpha1
        kind: UpdatePolicy
        metadata: {name: weekly, namespace: media}
        spec:
          serviceSelector: {matchLabels: {updates: weekly}}
          schedule: "0 4 * * 6"
          window: {days: [Sat, Sun], start: "03:00", end: "06:00", timeZone: Europe/Berlin}
          strategy: semver
          semver: {allow: minor, tagPattern: '^v?\d+\.\d+\.\d+$', includePrerelease: false}
          mode: apply
          healthTimeout: 2m
          rollback: true
          keepImages: 2
          maxParallel: 1
        """);
}
