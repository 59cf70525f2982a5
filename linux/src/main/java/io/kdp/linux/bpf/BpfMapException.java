package io.kdp.linux.bpf;

/** A failed map operation, with the errno the bpf(2) syscall would return. */
public final class BpfMapException extends RuntimeException {
    private final String errno;

    public BpfMapException(String errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** The errno name, e.g. {@code E2BIG}, {@code ENOENT}, {@code EEXIST}, {@code EINVAL}. */
    public String errno() {
        return errno;
    }
}
