namespace KanikoImages.Manifests.Guard;

/// <summary>
/// The step that joins a multi-platform image's platform builds into one image index. The index Job's container
/// starts through the guard's <see cref="BuildGuard.WrapperScript"/> (whose check looks for the index's hash tag),
/// which skips when the index exists and otherwise runs <see cref="Script"/>: it waits, bounded, until every
/// platform image exists, then builds the index with buildah's manifest commands and pushes it under every tag,
/// the hash tag last. The script is constant text in its own ConfigMap; parameters arrive in the environment, so
/// tests run the exact text the manifest carries.
/// </summary>
public static class ImageIndex
{
    /// <summary>Env: the platform images to join, space-separated (registry/app:sha-&lt;hash12&gt;-&lt;platform&gt;).</summary>
    public const string SourcesVariable = "INDEX_SOURCES";

    /// <summary>Env: where the index is pushed, space-separated, in order: every tag, then sha-&lt;hash12&gt;.</summary>
    public const string DestinationsVariable = "INDEX_DESTINATIONS";

    /// <summary>Env: how long to wait for the platform images, in seconds.</summary>
    public const string WaitVariable = "INDEX_WAIT_SECONDS";

    /// <summary>Env: seconds between two looks for a missing platform image (default 10).</summary>
    public const string PollVariable = "INDEX_POLL_SECONDS";

    /// <summary>Env: the file the pushed index digest is written to (the termination message, for Status).</summary>
    public const string DigestFileVariable = "INDEX_DIGEST_FILE";

    /// <summary>
    /// Env read by buildah (containers/storage): vfs works in any container, without overlay mounts or privileges;
    /// the index step stores nothing but one manifest list.
    /// </summary>
    public const string StorageDriverVariable = "STORAGE_DRIVER";

    /// <summary>Where the index script's ConfigMap is mounted (read-only).</summary>
    public const string ScriptsMountPath = "/index-scripts";

    public const string ScriptKey = "index.sh";

    public const string ScriptPath = ScriptsMountPath + "/" + ScriptKey;

    /// <summary>
    /// buildah's image, which has sh and the buildah CLI whose manifest commands the script runs. A version tag,
    /// not a digest, for the reason the guard's skopeo image has one (quay rebuilds version tags with security
    /// updates and drops the digests they replace). Pin by digest from your own mirror with images.yaml index.image.
    /// </summary>
    public const string DefaultImage = "quay.io/buildah/stable:v1.42.2";

    /// <summary>POSIX sh script the index container runs through the wrapper: <c>sh wrapper.sh sh index.sh</c>.</summary>
    public static string Script { get; } = $$"""
        # Image index: joins the platform images of one content hash into one image index and pushes it under every
        # tag. Runs after the guard found no index for this hash. Exits 1 when a platform image is still missing
        # after {{WaitVariable}} seconds (its build failed or never ran) or a push fails.
        # The lists are split on spaces; image references hold no spaces (checked when read), and no globbing.
        set -f
        sources="${{{SourcesVariable}}:-}"
        destinations="${{{DestinationsVariable}}:-}"
        wait_seconds="${{{WaitVariable}}:-0}"
        poll_seconds="${{{PollVariable}}:-10}"
        digest_file="${{{DigestFileVariable}}:-/dev/null}"

        if [ -z "$sources" ] || [ -z "$destinations" ]; then
          echo "index: {{SourcesVariable}} and {{DestinationsVariable}} must be set" >&2
          exit 1
        fi

        {{BuildGuard.TlsSwitch}}

        # Credentials come from {{BuildGuard.AuthFileVariable}} and extra CAs from {{BuildGuard.CertsDirectory}}, which buildah reads itself.
        list=kaniko-k8s-images-index
        buildah manifest rm "$list" >/dev/null 2>&1
        if ! buildah manifest create "$list" >/dev/null; then
          echo "index: cannot create a local manifest list" >&2
          exit 1
        fi

        # Adding an image reads its manifest and configuration (the platform) from the registry: it is also the
        # look for it. Every answer but success (absent, denied, unreachable) waits until the bound.
        deadline=$(( $(date +%s) + wait_seconds ))
        for source in $sources; do
          until message=$(buildah manifest add --tls-verify="$tls" "$list" "docker://$source" 2>&1); do
            if [ "$(date +%s)" -ge "$deadline" ]; then
              echo "index: $source is still not in the registry after ${wait_seconds}s (did its build Job fail?); last answer: $(printf '%s' "$message" | tr '\n' ' ')" >&2
              exit 1
            fi
            echo "index: waiting for $source"
            sleep "$poll_seconds"
          done
          echo "index: added $source"
        done

        # Only the index is pushed: the platform images it lists are in the same repository already.
        for destination in $destinations; do
          if ! buildah manifest push --quiet --tls-verify="$tls" --digestfile "$digest_file" "$list" "docker://$destination"; then
            echo "index: pushing the index to $destination failed" >&2
            exit 1
          fi
          echo "index: pushed $destination"
        done
        """;
}
