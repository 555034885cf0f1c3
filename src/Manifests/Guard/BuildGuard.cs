namespace KanikoImages.Manifests.Guard;

/// <summary>
/// The in-cluster guard that keeps an unchanged image from being rebuilt when Argo CD re-creates its Job.
/// An init container runs <see cref="CheckScript"/> (does the image tagged with the content hash exist?) and
/// writes the verdict into a shared emptyDir; the kaniko container starts through <see cref="WrapperScript"/>,
/// which exits 0 when the image exists and otherwise execs the executor. The scripts are constant text that every
/// Job mounts from one shared ConfigMap; every parameter arrives in an environment variable, so tests run the
/// exact text the manifest carries.
/// </summary>
public static class BuildGuard
{
    /// <summary>Env: the image reference to look for, e.g. registry/app:sha-0123456789ab.</summary>
    public const string ImageVariable = "GUARD_IMAGE";

    /// <summary>Env: the full content hash, for the log line.</summary>
    public const string ContentHashVariable = "CONTENT_HASH";

    /// <summary>Env: the file the check writes its verdict to and the wrapper reads.</summary>
    public const string ResultVariable = "GUARD_RESULT";

    /// <summary>Env: the executor the wrapper execs (default /kaniko/executor).</summary>
    public const string ExecutorVariable = "KANIKO_EXECUTOR";

    /// <summary>
    /// Env of the init container: the registry credentials file (the mounted kubernetes.io/dockerconfigjson
    /// Secret's .dockerconfigjson); skopeo reads this variable itself.
    /// </summary>
    public const string AuthFileVariable = "REGISTRY_AUTH_FILE";

    /// <summary>Env of the init container: "true" lets the check talk plain HTTP or skip TLS verification.</summary>
    public const string InsecureRegistryVariable = "GUARD_INSECURE_REGISTRY";

    /// <summary>
    /// Where skopeo (containers/image) looks for a registry's extra CAs: every *.crt in &lt;this&gt;/&lt;host:port&gt;/,
    /// trusted on top of the system's CAs (containers-certs.d(5)). kaniko.caBundle is mounted there.
    /// </summary>
    public const string CertsDirectory = "/etc/containers/certs.d";

    /// <summary>Where the shared emptyDir is mounted in both containers.</summary>
    public const string MountPath = "/guard";

    /// <summary>Where the ConfigMap holding both scripts is mounted (read-only) in both containers.</summary>
    public const string ScriptsMountPath = "/guard-scripts";

    /// <summary>The check script's key in the scripts ConfigMap.</summary>
    public const string CheckScriptKey = "check.sh";

    /// <summary>The wrapper script's key in the scripts ConfigMap.</summary>
    public const string WrapperScriptKey = "wrapper.sh";

    /// <summary>The init container runs <c>sh CheckScriptPath</c>.</summary>
    public const string CheckScriptPath = ScriptsMountPath + "/" + CheckScriptKey;

    /// <summary>The kaniko container runs <c>/busybox/sh WrapperScriptPath &lt;executor arguments&gt;</c>.</summary>
    public const string WrapperScriptPath = ScriptsMountPath + "/" + WrapperScriptKey;

    /// <summary>The verdict file inside the shared emptyDir (the scripts' default for <see cref="ResultVariable"/>).</summary>
    public const string ResultPath = MountPath + "/result";

    /// <summary>Executor the wrapper runs when <see cref="ExecutorVariable"/> is not set.</summary>
    public const string DefaultExecutor = "/kaniko/executor";

    /// <summary>
    /// The registry client image of the init container. A version tag, not a digest: quay rebuilds the
    /// skopeo/stable version tags daily with security updates and garbage-collects the digests they replace,
    /// so a digest pin stops pulling. Pin by digest from your own mirror with images.yaml guard.image.
    /// </summary>
    public const string DefaultImage = "quay.io/skopeo/stable:v1.22.2";

    /// <summary>Seconds the check waits for the registry before it gives up (verdict unknown: build).</summary>
    public const int CheckTimeoutSeconds = 60;

    /// <summary>
    /// sh that sets tls=false when <see cref="InsecureRegistryVariable"/> opts out of TLS verification, else tls=true:
    /// one switch for every script that talks to the registry (the check, the base wait, the image index).
    /// </summary>
    public const string TlsSwitch =
        "case \"${" + InsecureRegistryVariable + ":-false}\" in\n" +
        "  true|TRUE|True|1|yes) tls=false ;;\n" +
        "  *) tls=true ;;\n" +
        "esac";

    /// <summary>POSIX sh script of the init container; always exits 0 (a failing init container fails the pod).</summary>
    public static string CheckScript { get; } = $$"""
        # Build guard, init container: is the image tagged with the content hash already in the registry?
        # Writes one verdict line for the wrapper: "exists", "absent" or "unknown <reason>".
        # Always exits 0: a failing init container fails the pod; without a verdict the wrapper builds.
        image="${{{ImageVariable}}:-}"
        result="${{{ResultVariable}}:-{{ResultPath}}}"

        verdict() {
          echo "guard: $image: $1"
          if ! { printf '%s\n' "$1" > "$result.tmp" && mv -f "$result.tmp" "$result"; }; then
            echo "guard: cannot write the verdict to $result" >&2
          fi
          exit 0
        }

        if [ -z "$image" ]; then
          verdict "unknown {{ImageVariable}} is not set"
        fi

        # Plain-HTTP or self-signed registries (tests, in-cluster registries) opt out of TLS verification.
        {{TlsSwitch}}

        # Credentials come from {{AuthFileVariable}}, which skopeo reads itself.
        if message=$(skopeo --command-timeout {{CheckTimeoutSeconds}}s inspect --raw --tls-verify="$tls" "docker://$image" 2>&1 >/dev/null); then
          verdict exists
        fi

        # skopeo exits 1 both for a missing tag and for a registry that cannot answer: its message tells them
        # apart. Only the registry's "not found" (its error codes or a bare 404) means absent; everything else is
        # unknown and builds: mistaking an error for "exists" would leave the image unbuilt.
        message=$(printf '%s' "$message" | tr '\n' ' ')
        case "$message" in
          *"manifest unknown"*|*MANIFEST_UNKNOWN*|*"name unknown"*|*NAME_UNKNOWN*|*"StatusCode: 404,"*|*"status: 404 "*)
            verdict absent ;;
          *unauthorized*|*"authentication required"*|*"StatusCode: 401,"*|*"status: 401 "*)
            why="401 unauthorized: the registry refused the credentials" ;;
          *denied*|*forbidden*|*"StatusCode: 403,"*|*"status: 403 "*)
            why="403 denied: the credentials may not read this repository" ;;
          *"connection refused"*|*"no such host"*|*"network is unreachable"*|*"no route to host"*)
            why="registry unreachable" ;;
          *timeout*|*"deadline exceeded"*)
            why="no answer from the registry within {{CheckTimeoutSeconds}}s" ;;
          *)
            why="registry check failed" ;;
        esac
        verdict "unknown $why: $message"
        """;

    /// <summary>POSIX sh script run as <c>sh wrapper.sh &lt;executor arguments&gt;</c>.</summary>
    public static string WrapperScript { get; } = $$"""
        # Build guard, kaniko container: sh wrapper.sh <executor arguments...>
        # Only the verdict "exists" skips the build (exit 0, the Job succeeds); any other verdict builds.
        image="${{{ImageVariable}}:-}"
        hash="${{{ContentHashVariable}}:-}"
        result="${{{ResultVariable}}:-{{ResultPath}}}"

        verdict=""
        if [ -r "$result" ]; then
          IFS= read -r verdict < "$result"
        fi

        case "$verdict" in
          exists)
            echo "image $image for content $hash already in registry: nothing to build"
            exit 0 ;;
          absent)
            echo "guard: image $image for content $hash is not in the registry: building" ;;
          "unknown "*)
            echo "guard: cannot tell whether image $image is in the registry (${verdict#unknown }): building" ;;
          *)
            echo "guard: no verdict in $result (the check did not run?): building" ;;
        esac
        exec "${{{ExecutorVariable}}:-{{DefaultExecutor}}}" "$@"
        """;
}
