namespace KanikoImages.Images;

/// <summary>An image a Dockerfile names (FROM, COPY --from, RUN --mount from), after ARG substitution.</summary>
/// <param name="Reference">The image reference as the builder pulls it.</param>
/// <param name="Instruction">FROM, COPY, ADD or RUN.</param>
/// <param name="Line">The instruction's first line in the Dockerfile.</param>
/// <param name="Argument">The ARG the reference is written as ("FROM $BASE"), which a build arg can pin.</param>
public sealed record BaseReference(string Reference, string Instruction, int Line, string? Argument);

/// <summary>A catalog image another one builds on, resolved from its Dockerfile or declared in image.yaml (dependsOn).</summary>
/// <param name="Image">The base image's name in the catalog.</param>
/// <param name="Arguments">The ARGs whose whole value names the base: the Job pins them to the base's content hash tag.</param>
public sealed record ImageDependency(string Image, IReadOnlyList<string> Arguments);
