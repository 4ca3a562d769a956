//! Code shared by the examples.

/// Swaps in the transformer tagger from a model folder (feature `transformer`) with `replicas`
/// copies of the model (`--replicas`), or exits with a message naming what is wrong.
#[cfg(feature = "transformer")]
pub fn with_transformer(
    b: whosaid::PipelineBuilder,
    dir: &std::path::Path,
    replicas: usize,
) -> whosaid::PipelineBuilder {
    match whosaid::entities::TransformerTagger::builder(dir)
        .replicas(replicas)
        .build()
    {
        Ok(t) => b.tagger(t),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    }
}

/// Without the `transformer` feature there is no transformer tagger: exits with a message.
#[cfg(not(feature = "transformer"))]
pub fn with_transformer(
    _: whosaid::PipelineBuilder,
    _: &std::path::Path,
    _: usize,
) -> whosaid::PipelineBuilder {
    eprintln!("error: --transformer needs `--features transformer`");
    std::process::exit(2)
}
