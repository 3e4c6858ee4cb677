/**
 * Plumbing written once: the digest, the process-memory reader, atomic local writes, what a
 * file's first bytes look like ({@link dev.restyle.support.FileKind}), and
 * {@link dev.restyle.support.ErrorClass}, which the errors of every package carry.
 *
 * <p>Imports nothing of Restyle's.
 */
package dev.restyle.support;
