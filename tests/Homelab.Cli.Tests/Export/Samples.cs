using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Tests.Export;

/// <summary>Homelab objects that use every field the mapping knows, expressible or not.</summary>
internal static class Samples
{
    public static IReadOnlyList<Resource> Parse(string yaml) =>
        [.. YamlManifest.Parse(yaml, "sample.yaml").Select(d => HomelabJson.ToResource(d.Object))];

    public const string Secret = """
        apiVersion: homelab.dev/v1alpha1
        kind: Secret
        metadata: {name: db, namespace: data, labels: {app: db}}
        type: Opaque
        data: {password: aHVudGVyMg==, "tls.key": a2V5}
        """;

    /// <summary>Everything Kubernetes can say, and devices, pids, extraNetworks, OnFailure and 1500ms, which it cannot.</summary>
    public const string Service = """
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: db
          namespace: data
          labels: {app: db, tier: "3"}
          annotations: {note: "yes", volume-size.homelab.dev/data: 20Gi}
        spec:
          image: registry.example/db:16
          command: [/bin/db, --port, "5432"]
          args: ["on", "null"]
          workingDir: /srv
          env:
            - {name: MODE, value: "true"}
            - {name: EMPTY, value: ""}
          ports:
            - {name: db, containerPort: 5432, hostPort: 5432, hostIP: 127.0.0.1}
            - {containerPort: 9187, protocol: UDP}
          volumes:
            - {name: data, mountPath: /var/lib/db}
            - {name: media, hostPath: /srv/media, mountPath: /media, readOnly: true}
          configFiles:
            - {mountPath: /etc/db/db.conf, content: "listen = '*'\n"}
            - {mountPath: /etc/db/tls.key, fromSecret: {name: db, key: tls.key}, mode: "0440"}
          secrets:
            - {name: db, mountPath: /run/secrets/db}
            - {name: db, mountPath: /run/secrets/pw, defaultMode: "0440", items: [{key: password, path: pw/password, mode: "0400"}]}
          devices:
            - {hostPath: /dev/ttyACM0, permissions: rw}
          resources: {memory: 512Mi, cpus: "0.5", pids: 100}
          healthCheck:
            command: [/bin/db, check]
            interval: 1500ms
            timeout: 3s
            retries: 4
            startPeriod: 1m
          restartPolicy: OnFailure
          stopGracePeriod: 45s
          securityContext:
            runAsUser: 999
            runAsGroup: 999
            readOnlyRootFilesystem: true
            capabilities: {add: [NET_BIND_SERVICE, CAP_CHOWN]}
            userNamespace: auto
          extraNetworks:
            - {name: lan, driver: macvlan, parent: eth0}
        """;

    public const string Policy = """
        apiVersion: homelab.dev/v1alpha1
        kind: NetworkPolicy
        metadata: {name: db-in-and-out, namespace: data}
        spec:
          serviceSelector: {matchLabels: {app: db}}
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - namespaceSelector: {matchLabels: {homelab.dev/namespace: home}}
                  serviceSelector: {matchExpressions: [{key: app, operator: In, values: [ha]}]}
              ports: [{port: 5432}]
          egress:
            - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
              ports: [{protocol: TCP, port: 8000, endPort: 8080}]
        """;

    public static IReadOnlyList<Resource> All() => Parse(string.Join("\n---\n", Secret, Service, Policy));
}
