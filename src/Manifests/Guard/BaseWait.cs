namespace KanikoImages.Manifests.Guard;

/// <summary>
/// The wait of an image built on other images of the catalog: an init container, after the guard's check, polls
/// the registry (unless the check found the image itself already built) until each base's content hash tag (sha-&lt;hash12&gt;) is there, so the build never starts from an
/// older base, even when the Jobs are applied without Argo CD's sync waves. It gives up after a bound: the pod fails
/// with a message naming the base, and the Job retries up to its backoffLimit. Like the guard, the script is
/// constant text in a shared ConfigMap; every parameter arrives in an environment variable.
/// </summary>
public static class BaseWait
{
    /// <summary>Env: the bases' immutable references, space-separated (registry/base:sha-0123456789ab ...).</summary>
    public const string BasesVariable = "BASE_IMAGES";

    /// <summary>Env: seconds to wait in all before giving up (images.yaml guard.baseWaitTimeout).</summary>
    public const string TimeoutVariable = "BASE_WAIT_SECONDS";

    /// <summary>Env: seconds between two looks at the registry.</summary>
    public const string IntervalVariable = "BASE_WAIT_INTERVAL";

    /// <summary>The init container's name; Status reads it to say what a pending build waits for.</summary>
    public const string ContainerName = "wait-for-bases";

    /// <summary>Where the ConfigMap holding the script is mounted (read-only).</summary>
    public const string ScriptsMountPath = "/base-wait";

    public const string ScriptKey = "wait.sh";

    public const string ScriptPath = ScriptsMountPath + "/" + ScriptKey;

    /// <summary>Seconds between looks when <see cref="IntervalVariable"/> is not set.</summary>
    public const int DefaultIntervalSeconds = 10;

    /// <summary>The exit code when a base never came: the pod fails, and Status names the base.</summary>
    public const int GaveUpExitCode = 3;

    /// <summary>POSIX sh script of the init container: exit 0 once every base is in the registry, 3 after the bound.</summary>
    public static string Script { get; } = $$"""
        # Base wait, init container: waits until the registry holds every base image this image is built on, each
        # under the immutable tag of the base's current content hash, so the build never starts from an older base.
        # Exits 0 once all are there; exits {{GaveUpExitCode}} when one is still missing after the bound (the pod fails,
        # the Job retries up to its backoffLimit, and nothing is built on a base that moved).
        set -f
        bases="${{{BasesVariable}}:-}"
        bound="${{{TimeoutVariable}}:-1200}"
        interval="${{{IntervalVariable}}:-{{DefaultIntervalSeconds}}}"
        result="${{{BuildGuard.ResultVariable}}:-{{BuildGuard.ResultPath}}}"

        # The guard's check ran first: when this image is already built, nothing will be built, so no base is needed.
        verdict=""
        if [ -r "$result" ]; then
          IFS= read -r verdict < "$result"
        fi
        if [ "$verdict" = exists ]; then
          echo "base-wait: ${{{BuildGuard.ImageVariable}}:-this image} is already in the registry: not waiting for its bases"
          exit 0
        fi

        {{BuildGuard.TlsSwitch}}

        start=$(date +%s)
        for image in $bases; do
          while :; do
            # Credentials come from {{BuildGuard.AuthFileVariable}}, which skopeo reads itself.
            if message=$(skopeo --command-timeout {{BuildGuard.CheckTimeoutSeconds}}s inspect --raw --tls-verify="$tls" "docker://$image" 2>&1 >/dev/null); then
              echo "base-wait: $image is in the registry"
              break
            fi

            message=$(printf '%s' "$message" | tr '\n' ' ')
            waited=$(( $(date +%s) - start ))
            if [ "$waited" -ge "$bound" ]; then
              echo "base-wait: gave up after ${waited}s: base image $image is not in the registry (its build has not finished, or failed); not building on an older base. Last answer: $message" >&2
              exit {{GaveUpExitCode}}
            fi

            echo "base-wait: waiting for base image $image (${waited}s of ${bound}s): $message"
            left=$(( bound - waited ))
            sleep "$(( interval < left ? interval : left ))"
          done
        done
        """;
}
