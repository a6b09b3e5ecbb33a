# Thin wrapper over CMake so that the README's two commands stay two commands.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
SANCTUM_ARGS ?= --demo

.PHONY: all deps configure build run test bench package format clean

all: build

deps:
	bash packaging/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/bin/sanctum $(SANCTUM_ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bin/sanctum-bench-audit
	$(BUILD_DIR)/bin/sanctum-bench-auth
	@command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || \
	    echo "note: the broker benchmark's nginx baseline needs Debian's nginx (apt-get install nginx);" \
	         "it is not installed by default because the package starts a web server on port 80"
	$(BUILD_DIR)/bin/sanctum-bench-broker
	$(BUILD_DIR)/bin/sanctum-bench-gui
	$(BUILD_DIR)/bin/sanctum-bench-leastpriv

package: build
	cd $(BUILD_DIR) && cpack -G "DEB;TGZ"

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
