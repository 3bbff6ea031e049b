using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Xunit;

namespace Homelab.Podman.Tests;

/// <summary>
/// The spec hash labels every running container: if the same spec hashed differently after an upgrade of homelabd, every
/// container on the host would be replaced at once. These values were computed by the reflection-based serializer before
/// the move to source-generated JSON metadata, and must not move unless <c>ArgsVersion</c> is bumped on purpose.
/// </summary>
public sealed class SpecHashStabilityTests
{
    private const string Digest = "sha256:5555555555555555555555555555555555555555555555555555555555555555";

    // The example jellyfin and home-assistant Services as they were when the hashes were taken.
    private const string Jellyfin = """
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: jellyfin
          namespace: media
          labels: {app: jellyfin, updates: nightly}
        spec:
          # upstream: docker.io/jellyfin/jellyfin:10.10.3
          image: 127.0.0.1:5000/homelab/jellyfin:10.10.3
          # Stand-in for /jellyfin/jellyfin --datadir /config: busybox httpd on Jellyfin's port.
          command: ["/bin/busybox", "httpd", "-f", "-v", "-p", "8096", "-h", "/srv"]
          env:
            - {name: TZ, value: Europe/Berlin}
            - {name: JELLYFIN_PublishedServerUrl, value: "https://jellyfin.home.arpa"}
          ports:
            - {name: http, containerPort: 8096, protocol: TCP, hostPort: 8096}
            - {name: discovery, containerPort: 7359, protocol: UDP}
          volumes:
            # A managed volume: kept when the Service is deleted.
            - {name: jellyfin-config, mountPath: /config}
            # The media library, read-only; /srv exists on every Debian host (point it at your real library).
            - {name: media, hostPath: /srv, mountPath: /media, readOnly: true}
          configFiles:
            - mountPath: /config/network.xml
              mode: "0444"
              content: |
                <?xml version="1.0" encoding="utf-8"?>
                <NetworkConfiguration>
                  <EnableIPv6>false</EnableIPv6>
                  <KnownProxies><string>host.containers.internal</string></KnownProxies>
                </NetworkConfiguration>
          resources: {memory: 2Gi, cpus: "2", pids: 512}
          healthCheck:
            command: ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8096/"]
            interval: 30s
            timeout: 5s
            retries: 3
            startPeriod: 20s
          restartPolicy: Always
          stopGracePeriod: 15s
          securityContext:
            runAsUser: 1000
            runAsGroup: 1000
        """;

    private const string HomeAssistant = """
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: home-assistant
          namespace: home
          labels: {app: home-assistant, updates: nightly}
        spec:
          # upstream: ghcr.io/home-assistant/home-assistant:2024.11
          image: 127.0.0.1:5000/homelab/home-assistant:2024.11
          # Stand-in for Home Assistant's init: busybox httpd on Home Assistant's port.
          command: ["/bin/busybox", "httpd", "-f", "-v", "-p", "8123", "-h", "/srv"]
          env:
            - {name: TZ, value: Europe/Berlin}
          ports:
            - {name: http, containerPort: 8123, protocol: TCP, hostPort: 8123}
          volumes:
            - {name: ha-config, mountPath: /config}
          configFiles:
            # Home Assistant's recorder keeps its history in the postgres Service of the data namespace.
            - mountPath: /config/recorder.yaml
              mode: "0440"
              content: |
                recorder:
                  db_url: postgresql://homeassistant@host.containers.internal:5432/homeassistant
                  purge_keep_days: 30
          devices:
            # The Zigbee coordinator (a ConBee/SkyConnect USB stick); no privileged mode needed.
            - {hostPath: /dev/ttyACM0, containerPath: /dev/ttyACM0, permissions: rw}
          resources: {memory: 1Gi, cpus: "1.5", pids: 256}
          healthCheck:
            command: ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8123/"]
            interval: 30s
            timeout: 5s
            retries: 3
            startPeriod: 30s
          restartPolicy: Always
          stopGracePeriod: 20s
        """;

    [Theory]
    [InlineData(Jellyfin, "3c992aba4168a5f6")]
    [InlineData(HomeAssistant, "816221807d316f05")]
    public void The_hash_of_a_spec_is_the_one_older_homelabd_versions_labelled_its_container_with(string yaml, string expected)
    {
        var service = HomelabJson.ToResource<Service>(YamlManifest.Parse(yaml, "test.yaml").Single().Object);

        Assert.Equal(expected, SpecHash.Compute(service.Spec, Digest));
    }
}
