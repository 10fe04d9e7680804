package org.archivesync.agent.watcher;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Real scans for the tests: PDFs written by PDFBox, TIFFs and JPEGs by ImageIO, with known page counts. */
final class TestScans {

    private TestScans() {
    }

    /** A PDF of {@code pages} blank A4 pages; {@code salt} goes into its title, so two PDFs differ. */
    static Path pdf(Path file, int pages, String salt) {
        try (PDDocument document = new PDDocument()) {
            document.getDocumentInformation().setTitle(salt);
            for (int i = 1; i <= pages; i++) {
                document.addPage(new PDPage(PDRectangle.A4));
            }
            Files.createDirectories(file.getParent());
            document.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multi-page TIFF: {@code pages} grey images at {@code dpi}. */
    static Path tiff(Path file, int pages, int dpi) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                writer.prepareWriteSequence(null);
                for (int i = 0; i < pages; i++) {
                    BufferedImage image = image(i);
                    writer.writeToSequence(new IIOImage(image, null, withDpi(writer, image, param, dpi)), param);
                }
                writer.endWriteSequence();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A JPEG at {@code dpi}. */
    static Path jpeg(Path file, int dpi) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                BufferedImage image = image(7);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
                org.w3c.dom.Element tree = (org.w3c.dom.Element) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
                org.w3c.dom.Element jfif = (org.w3c.dom.Element) tree.getElementsByTagName("app0JFIF").item(0);
                jfif.setAttribute("resUnits", "1");
                jfif.setAttribute("Xdensity", Integer.toString(dpi));
                jfif.setAttribute("Ydensity", Integer.toString(dpi));
                metadata.setFromTree("javax_imageio_jpeg_image_1.0", tree);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage image(int seed) {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 120; x++) {
            for (int y = 0; y < 80; y++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + seed * 31) & 0xff);
            }
        }
        return image;
    }

    /** Resolution through ImageIO's standard metadata, which both the TIFF and the JPEG writer understand. */
    private static IIOMetadata withDpi(ImageWriter writer, BufferedImage image, ImageWriteParam param, int dpi)
            throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode size = new IIOMetadataNode("HorizontalPixelSize");
        size.setAttribute("value", Double.toString(25.4 / dpi));
        IIOMetadataNode vertical = new IIOMetadataNode("VerticalPixelSize");
        vertical.setAttribute("value", Double.toString(25.4 / dpi));
        IIOMetadataNode dimension = new IIOMetadataNode("Dimension");
        dimension.appendChild(size);
        dimension.appendChild(vertical);
        IIOMetadataNode root = new IIOMetadataNode(IIOMetadataFormatImpl.standardMetadataFormatName);
        root.appendChild(dimension);
        metadata.mergeTree(IIOMetadataFormatImpl.standardMetadataFormatName, root);
        return metadata;
    }

    /** SHA-256 of the file, computed here independently of the agent. */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
